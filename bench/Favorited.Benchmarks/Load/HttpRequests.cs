using System.Net;
using System.Text;

namespace Favorited.Benchmarks.Load;

/// <summary>HTTP/1.1 requests as bytes, ready for <see cref="HttpConnection"/>.</summary>
public static class HttpRequests
{
    /// <param name="noCache">Sends <c>Cache-Control: no-cache</c>, which makes the Api read the list from Postgres.</param>
    /// <param name="accessToken">Sent as <c>Authorization: Bearer …</c> when given.</param>
    public static byte[] Get(IPEndPoint server, string path, bool noCache = false, string? accessToken = null) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: application/json\r\n"
            + (noCache ? "Cache-Control: no-cache\r\n" : "")
            + (accessToken is null ? "" : $"Authorization: Bearer {accessToken}\r\n") + "\r\n");

    public static byte[] Post(IPEndPoint server, string path, string contentType, ReadOnlySpan<byte> body, string? authorization = null)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: {server}\r\nContent-Type: {contentType}\r\n"
            + (authorization is null ? "" : $"Authorization: {authorization}\r\n")
            + $"Content-Length: {body.Length}\r\n\r\n";
        var request = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
        var written = Encoding.ASCII.GetBytes(head, request);
        body.CopyTo(request.AsSpan(written));
        return request;
    }

    /// <param name="accessToken">Sent as <c>Authorization: Bearer …</c>, as a signed-in client sends it.</param>
    public static byte[] PostJson(IPEndPoint server, string path, string json, string? accessToken = null) =>
        Post(server, path, "application/json", Encoding.UTF8.GetBytes(json), accessToken is null ? null : $"Bearer {accessToken}");

    /// <param name="accessToken">Sent as <c>Authorization: Bearer …</c>.</param>
    public static byte[] Delete(IPEndPoint server, string path, string accessToken) =>
        Encoding.ASCII.GetBytes($"DELETE {path} HTTP/1.1\r\nHost: {server}\r\nAccept: application/json\r\n"
            + $"Authorization: Bearer {accessToken}\r\n\r\n");
}
