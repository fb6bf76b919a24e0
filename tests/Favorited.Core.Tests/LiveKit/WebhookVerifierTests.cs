using System.Text;
using Favorited.Core.LiveKit;
using Favorited.LiveKitEmulator;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Favorited.Core.Tests.LiveKit;

public sealed class WebhookVerifierTests
{
    private const string ApiKey = "devkey";
    private const string ApiSecret = "secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    // As LiveKit sends it: lowerCamelCase, defaults omitted, int64 as strings.
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(
        """{"event":"participant_joined","room":{"sid":"RM_abc","name":"my-room","creationTime":"1771351900"},""",
        """ "participant":{"sid":"PA_xyz","identity":"viewer-1","name":"Viewer One","state":"ACTIVE","joinedAt":"1771351907"},""".TrimStart(),
        """ "id":"EV_aBcDeFgHiJkL","createdAt":"1771351907"}""".TrimStart()));

    [Fact]
    public void AcceptsAWebhookSignedAsLiveKitSignsIt()
    {
        var result = Verifier().Verify(EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now), Body);

        Assert.True(result.IsValid, result.Reason);
        var webhook = result.Event!;
        Assert.Equal("participant_joined", webhook.Event);
        Assert.Equal("EV_aBcDeFgHiJkL", webhook.Id);
        Assert.Equal(1771351907, webhook.CreatedAt);
        Assert.Equal("RM_abc", webhook.Room!.Sid);
        Assert.Equal("my-room", webhook.Room.Name);
        Assert.Equal("PA_xyz", webhook.Participant!.Sid);
        Assert.Equal("viewer-1", webhook.Participant.Identity);
        Assert.Equal(1771351907, webhook.Participant.JoinedAt);
    }

    [Fact]
    public void AcceptsABearerPrefix()
    {
        var result = Verifier().Verify("Bearer " + EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now), Body);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void AcceptsClockSkewWithinTheLeeway()
    {
        var expiredThirtySecondsAgo = EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now.AddMinutes(-5).AddSeconds(-30));
        var validInThirtySeconds = EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now.AddSeconds(30));

        Assert.True(Verifier().Verify(expiredThirtySecondsAgo, Body).IsValid);
        Assert.True(Verifier().Verify(validInThirtySeconds, Body).IsValid);
    }

    [Fact]
    public void RejectsAWrongSecret() =>
        AssertRejected(WebhookRejection.BadSignature, EmulatorJwt.SignWebhook(Body, ApiKey, "not-the-secret", Now), Body);

    [Fact]
    public void RejectsABodyWithOneByteChanged()
    {
        var token = EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now);
        var tampered = (byte[])Body.Clone();
        tampered[Array.IndexOf(tampered, (byte)'1')] = (byte)'2';

        AssertRejected(WebhookRejection.BodyHashMismatch, token, tampered);
    }

    [Fact]
    public void RejectsAnotherApiKey() =>
        AssertRejected(WebhookRejection.UnknownApiKey, EmulatorJwt.SignWebhook(Body, "otherkey", ApiSecret, Now), Body);

    [Fact]
    public void RejectsAnExpiredToken() =>
        AssertRejected(WebhookRejection.Expired, EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now.AddMinutes(-7)), Body);

    [Fact]
    public void RejectsATokenNotYetValid() =>
        AssertRejected(WebhookRejection.NotYetValid, EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now.AddMinutes(2)), Body);

    [Fact]
    public void RejectsAlgorithmNone()
    {
        var signed = EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now, headerJson: """{"alg":"none","typ":"JWT"}""");
        var unsigned = signed[..(signed.LastIndexOf('.') + 1)];

        AssertRejected(WebhookRejection.UnsupportedAlgorithm, unsigned, Body);
    }

    [Fact]
    public void RejectsOtherHmacAlgorithms() =>
        AssertRejected(WebhookRejection.UnsupportedAlgorithm,
            EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now, headerJson: """{"alg":"HS512"}"""), Body);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    public void RejectsAMissingHeader(string? authorization) =>
        AssertRejected(WebhookRejection.MissingAuthorization, authorization, Body);

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")]
    public void RejectsAMalformedToken(string authorization) =>
        AssertRejected(WebhookRejection.MalformedToken, authorization, Body);

    [Theory]
    [InlineData("""{"alg":"\udc00"}""", WebhookRejection.UnsupportedAlgorithm)]
    [InlineData("""{"alg":["HS256"]}""", WebhookRejection.UnsupportedAlgorithm)]
    [InlineData("""[]""", WebhookRejection.UnsupportedAlgorithm)]
    public void HostileHeadersAreRejectedNotThrown(string headerJson, WebhookRejection expected) =>
        AssertRejected(expected, EmulatorJwt.SignWebhook(Body, ApiKey, ApiSecret, Now, headerJson: headerJson), Body);

    [Fact]
    public void OutOfRangeTimesAreRejectedNotThrown()
    {
        var token = EmulatorJwt.Sign("""{"alg":"HS256"}""",
            $$"""{"iss":"{{ApiKey}}","exp":99999999999999,"nbf":-99999999999999,"sha256":"{{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Body))}}"}""",
            ApiSecret);

        AssertRejected(WebhookRejection.MalformedToken, token, Body);
    }

    [Fact]
    public void RejectsATokenWithoutExpiry()
    {
        var token = EmulatorJwt.Sign("""{"alg":"HS256"}""",
            $$"""{"iss":"{{ApiKey}}","sha256":"{{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Body))}}"}""",
            ApiSecret);

        AssertRejected(WebhookRejection.MalformedToken, token, Body);
    }

    [Fact]
    public void RejectsASignedBodyThatIsNotAnEvent()
    {
        var body = "[1,2,3]"u8.ToArray();

        AssertRejected(WebhookRejection.MalformedBody, EmulatorJwt.SignWebhook(body, ApiKey, ApiSecret, Now), body);
    }

    private static void AssertRejected(WebhookRejection expected, string? authorization, byte[] body)
    {
        var result = Verifier().Verify(authorization, body);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Null(result.Event);
    }

    private static WebhookVerifier Verifier() => new(
        Options.Create(new LiveKitOptions { Url = "http://127.0.0.1:7880", ApiKey = ApiKey, ApiSecret = ApiSecret }),
        new FakeTimeProvider(Now));
}
