using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Favorited.Benchmarks.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection on a raw socket: sends a prepared request and reads the whole response
/// (Content-Length or chunked). Far cheaper than HttpClient, so the load generator leaves the shared cores to the
/// server it measures.
/// </summary>
public sealed class HttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private HttpConnection(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>The server said it closes the connection; open a new one for the next request.</summary>
    public bool Closed { get; private set; }

    public static async Task<HttpConnection> OpenAsync(IPEndPoint server, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, ct);
            return new HttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <returns>The status code, and the body when <paramref name="readBody"/> (otherwise it is skipped).</returns>
    public async Task<(int Status, string? Body)> SendAsync(ReadOnlyMemory<byte> request, bool readBody, CancellationToken ct)
    {
        await _socket.SendAsync(request, SocketFlags.None, ct);

        var headerLength = await ReadUntilAsync(HeaderEnd, ct);
        var head = Encoding.ASCII.GetString(_buffer, _start, headerLength);
        _start += headerLength + HeaderEnd.Length;
        var status = int.Parse(head.AsSpan(9, 3));
        long contentLength = 0;
        var chunked = false;
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value);
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                Closed = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        var body = readBody ? new StringBuilder() : null;
        if (!chunked)
        {
            await ReadBodyAsync(contentLength, body, ct);
        }
        else
        {
            while (true)
            {
                var sizeLength = await ReadUntilAsync(LineEnd, ct);
                var size = Convert.ToInt64(Encoding.ASCII.GetString(_buffer, _start, sizeLength).Split(';')[0].Trim(), 16);
                _start += sizeLength + LineEnd.Length;
                await ReadBodyAsync(size, body, ct);
                await ReadUntilAsync(LineEnd, ct); // the CRLF after the chunk (after the last one: no trailers)
                _start += LineEnd.Length;
                if (size == 0)
                {
                    break;
                }
            }
        }
        return (status, body?.ToString());
    }

    private async Task ReadBodyAsync(long length, StringBuilder? body, CancellationToken ct)
    {
        while (length > 0)
        {
            if (_start == _end)
            {
                await FillAsync(ct);
            }
            var take = (int)Math.Min(length, _end - _start);
            body?.Append(Encoding.UTF8.GetString(_buffer, _start, take));
            _start += take;
            length -= take;
        }
    }

    /// <returns>How many bytes from the read position come before <paramref name="marker"/>.</returns>
    private async Task<int> ReadUntilAsync(byte[] marker, CancellationToken ct)
    {
        while (true)
        {
            var found = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                return found;
            }
            await FillAsync(ct);
        }
    }

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            // Keep the unread part; grow only when it fills the whole buffer.
            var unread = _end - _start;
            var target = unread * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            _buffer = target;
            _start = 0;
            _end = unread;
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (read == 0)
        {
            Closed = true;
            throw new IOException("The server closed the connection in the middle of a response.");
        }
        _end += read;
    }

    public void Dispose() => _socket.Dispose();
}
