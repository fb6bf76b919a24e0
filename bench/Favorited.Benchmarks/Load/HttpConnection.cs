using System.Globalization;
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
        var (status, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(_start, headerLength));
        _start += headerLength + HeaderEnd.Length;
        Closed = close;

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
                var sizeField = _buffer.AsSpan(_start, sizeLength);
                var size = long.Parse(sizeField[..(sizeField.IndexOf((byte)';') is var semicolon and >= 0 ? semicolon : sizeLength)].Trim((byte)' '),
                    NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
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

    // Byte by byte, without strings: the generator shares the cores with what it measures.
    private static (int Status, long ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        var status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        long contentLength = 0;
        bool chunked = false, close = false;
        var rest = head[(head.IndexOf("\r\n"u8) + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }
        return (status, contentLength, chunked, close);
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
