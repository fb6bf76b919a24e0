using Favorited.LiveKitEmulator;

EmulatorApp.Build(args).Run();

// Internal, so that test projects can reference this next to the Api without two public Program types.
internal partial class Program;
