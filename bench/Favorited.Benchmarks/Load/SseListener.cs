using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Favorited.Benchmarks.Load;

/// <summary>
/// One browser's event stream, on a raw socket with a small buffer so that tens of thousands fit in the load generator.
/// It parses Server-Sent Events as EventSource does (field lines, dispatch on a blank line; the chunked encoding's size
/// lines are fields it ignores) and reports each event with the time its bytes arrived.
/// </summary>
public sealed class SseListener : IDisposable
{
    private const int MaxKeptLine = 64; // enough for "id: …" and "event: …"; data lines are not needed
    private readonly Socket _socket;
    private readonly Action<SseListener, string, long, long> _onEvent;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _line = new byte[MaxKeptLine];
    private int _lineLength;
    private bool _inBody;
    private string? _eventType;
    private long _eventId;

    private SseListener(Socket socket, int index, Action<SseListener, string, long, long> onEvent)
    {
        _socket = socket;
        Index = index;
        _onEvent = onEvent;
    }

    public int Index { get; }

    /// <summary>The id of the <c>state</c> event the stream opened with.</summary>
    public long OpenedAtId { get; private set; }

    /// <summary>Set when the stream ended or broke (the reason).</summary>
    public string? Ended { get; private set; }

    /// <summary>
    /// Connects (from <paramref name="source"/>, so that many listeners do not run out of one address's ports), asks for
    /// the stream and returns once its opening <c>state</c> event arrived.
    /// </summary>
    /// <param name="onEvent">Called with the listener, the event type, its id and the <see cref="Stopwatch"/> time its bytes came in.</param>
    public static async Task<SseListener> OpenAsync(int index, IPEndPoint server, IPAddress? source, string path,
        Action<SseListener, string, long, long> onEvent, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var listener = new SseListener(socket, index, onEvent);
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }
            using var cts = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(server, cts.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                $"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"), cts.Token);
            _ = listener.ReadAsync();
            await listener._opened.Task.WaitAsync(cts.Token);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                var arrived = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    End("the server ended the stream");
                    return;
                }
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] == (byte)'\n')
                    {
                        OnLine(_line.AsSpan(0, _lineLength).TrimEnd((byte)'\r'), arrived);
                        _lineLength = 0;
                    }
                    else if (_lineLength < MaxKeptLine)
                    {
                        _line[_lineLength++] = buffer[i];
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            End(ex.Message);
        }
    }

    private void OnLine(ReadOnlySpan<byte> line, long arrived)
    {
        if (!_inBody)
        {
            if (line.StartsWith("HTTP/1.1 "u8) && !line[9..].StartsWith("200"u8))
            {
                End($"answered {Encoding.ASCII.GetString(line)}");
                return;
            }
            _inBody = line.IsEmpty; // the blank line after the headers
            return;
        }
        if (line.IsEmpty)
        {
            if (_eventType is { } type)
            {
                if (type == "state" && !_opened.Task.IsCompleted)
                {
                    OpenedAtId = _eventId;
                    _opened.TrySetResult();
                }
                else
                {
                    _onEvent(this, type, _eventId, arrived);
                }
            }
            _eventType = null;
        }
        else if (line.StartsWith("id: "u8))
        {
            _eventId = long.Parse(Encoding.ASCII.GetString(line[4..]), CultureInfo.InvariantCulture);
        }
        else if (line.StartsWith("event: "u8))
        {
            _eventType = Encoding.ASCII.GetString(line[7..]);
        }
    }

    private void End(string reason)
    {
        Ended ??= reason;
        _opened.TrySetException(new IOException($"The event stream did not open: {reason}"));
    }
}
