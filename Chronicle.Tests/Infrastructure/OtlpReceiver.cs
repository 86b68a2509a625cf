using System.Collections.Concurrent;
using System.Net;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP receiver on loopback: accepts every export (200, an empty protobuf answer) and keeps the bodies of the
/// trace exports (<c>POST /v1/traces</c>), protobuf as sent.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<byte[]> _traces = new();

    private OtlpReceiver(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT names it (the exporter adds /v1/traces).</summary>
    public string Url { get; }

    public static OtlpReceiver Start() => new(FreePort.Next());

    /// <summary>The trace exports received so far, concatenated.</summary>
    public byte[] Traces => [.. _traces.SelectMany(body => body)];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces") _traces.Enqueue(body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
