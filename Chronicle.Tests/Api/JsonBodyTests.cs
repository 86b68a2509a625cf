using System.Buffers;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Api;

/// <summary>The request body a route reads is its own until it is done with it, whatever the requests beside it read.</summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task A_parsed_body_keeps_its_bytes_while_the_next_request_reads_its_own()
    {
        var limits = new RequestLimits();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(limits).BuildServiceProvider() };
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream("""{"account_id":"alice","amount":12.50}"""u8.ToArray());

        var (document, problem) = await JsonBody.ReadAsync(http.Request);

        Assert.Null(problem);
        using (document)
        {
            // Other requests' bodies, read meanwhile into buffers of the size a body may take, from the shared pool.
            var others = Enumerable.Range(0, 64).Select(_ => ArrayPool<byte>.Shared.Rent(limits.MaxBodyBytes + 1)).ToList();
            foreach (var other in others) other.AsSpan().Fill((byte)'9');
            foreach (var other in others) ArrayPool<byte>.Shared.Return(other);

            Assert.Equal("alice", document!.RootElement.GetProperty("account_id").GetString());
            Assert.Equal(12.50m, document.RootElement.GetProperty("amount").GetDecimal());
        }
    }
}
