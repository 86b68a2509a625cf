using System.Globalization;
using System.Text;
using Chronicle.Contracts.Feed;
using NATS.Client.JetStream.Models;

namespace Chronicle.Actors.Pipeline;

/// <summary>A message of the feed's stream as JetStream's API returns it (a direct get): what its headers say.</summary>
public static class StoredFeedMessage
{
    /// <summary>The journal ordering the message was forwarded from; null when it has no such header.</summary>
    public static long? OrderingOf(StoredMessage message)
    {
        if (string.IsNullOrEmpty(message.Hdrs)) return null;
        // The raw header block, base64 in the API's answer: "NATS/1.0\r\nName: value\r\n...\r\n\r\n".
        var block = Encoding.UTF8.GetString(Convert.FromBase64String(message.Hdrs));
        foreach (var line in block.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(EventFeed.OrderingHeader, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture, out var ordering))
                return ordering;
        }
        return null;
    }
}
