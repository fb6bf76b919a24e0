// WebApplicationFactory<Program> needs a public entry-point type; InternalsVisibleTo alone is not enough
// because the generated Program class is internal to this assembly.
public partial class Program;
