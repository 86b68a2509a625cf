using System.Globalization;
using System.Text;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Security.Fuzz.HostileValues;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// A seeded stream of hostile requests against <see cref="FuzzLedger"/>'s accounts. Every write carries
/// at least one defect that must make the API refuse it (a bad key or role, a broken header, body or
/// field, a wrong route or method, a limit exceeded, or an account whose state refuses the command), plus
/// harmless noise; reads and odd routes are free-form. The same seed gives the same requests.
/// </summary>
public sealed class HostileRequests(TestApiKeys keys, int seed)
{
    private sealed record CommandShape(string Route, string[] Required, string[] Optional)
    {
        public IEnumerable<string> Fields => Required.Concat(Optional);
    }

    private static readonly CommandShape[] Commands =
    [
        new("/commands/create-account", ["account_id", "owner_name"], ["initial_balance", "currency", "overdraft_limit", "metadata"]),
        new("/commands/deposit", ["account_id", "amount"], ["description", "expected_version", "metadata"]),
        new("/commands/withdraw", ["account_id", "amount"], ["description", "expected_version", "metadata"]),
        new("/commands/freeze-account", ["account_id"], ["reason", "expected_version"]),
        new("/commands/unfreeze-account", ["account_id"], ["expected_version"]),
        new("/commands/close-account", ["account_id"], ["reason", "expected_version"]),
        new("/commands/transfer", ["from_account_id", "to_account_id", "amount"], ["description", "transfer_id", "hold", "timeout_seconds", "metadata"]),
        new("/commands/post-transfer", ["transfer_id"], ["amount"]),
        new("/commands/void-transfer", ["transfer_id"], []),
        new("/commands/set-overdraft-limit", ["account_id", "overdraft_limit"], ["expected_version"]),
    ];

    private static readonly string[] IdFields = ["account_id", "from_account_id", "to_account_id", "transfer_id"];
    private static readonly string[] AmountFields = ["amount", "initial_balance", "overdraft_limit"];
    private static readonly string[] TextFields = ["owner_name", "description", "reason"];
    private static readonly string[] ValidAmounts = ["1.00", "\"2.50\"", "10", "0.01", "\"100\""];
    private static readonly string[] OtherMethods = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "FUZZ"];

    private static readonly string[] ReadRoutes =
    [
        "/accounts", "/accounts/{id}", "/accounts/{id}/transactions", "/accounts/{id}/events", "/accounts/{id}/balance-at", "/accounts/{id}/verify-chain",
        "/transfers/{id}", "/transfers", "/events", "/admin/projector", "/admin/webhooks", "/healthz", "/readyz",
    ];

    private static readonly string[] QueryNames =
    [
        "limit", "after", "before", "consistency", "timestamp", "status", "prefix", "limt", "LIMIT", "", "a b", "ü",
        "metadata[fuzz]", "metadata[tier]", "METADATA[fuzz]", "metadata[ünï ✓]", "metadata", "metadata[]", "metadata[a][b]", "metadata[fuzz",
        "metadata]x[", "metadata[\u0000]",
    ];

    private static readonly string[] QueryValues =
    [
        "0", "1", "50", "1000", "1001", "10000", "-1", "abc", "99999999999999999999", "", "9223372036854775807", "9223372036854775808",
        "strong", "eventual", "STRONG", "pending", "completed", "failed", "debited", "2026-01-01T00:00:00Z", "2100-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2026-13-01T00:00:00Z", "2026-01-01", "now", "2026-01-01T00:00:00+14:00",
        "2026-01-01T00:00:00-12:00", "2026-01-01T00:00:00+99:00", "２０２６-01-01T00:00:00Z", "1e3", "NaN", "%00", "\u0000", "'; --",
        "overdrawn", "gold", "fz-", "{\"fuzz\":\"overdrawn\"}", "a&b=c",
    ];

    // Not "/" (the dashboard's page) nor "/metrics" (Prometheus text): real routes whose success is not JSON.
    private static readonly string[] UnknownPaths =
    [
        "/index.html", "/.env", "/admin", "/admin/shutdown", "/accounts", "/commands", "/metrics/extra", "/swagger", "/events/1",
        "/accounts/fz-usd/extra/segments", "/transfers/fz-t1/cancel", "/commands/deposits", "/commands/create_account", "/%00",
        "/%2e%2e/%2e%2e/etc/passwd", "/accounts/%2F", "/%ff%fe",
    ];

    // The limits of the node under attack (the defaults). A request meant to break one goes past it by a
    // fixed margin plus a random amount; changing a margin changes what every seed sends.
    private static readonly RequestLimits Limits = new();

    private readonly Random _random = new(seed);

    public HostileRequest Next() => _random.Next(100) switch
    {
        < 62 => Write(),
        < 92 => Read(),
        _ => Elsewhere(),
    };

    private HostileRequest Write()
    {
        var kinds = new List<string>();
        RequestDraft draft;
        CommandShape shape;
        var defects = 1 + _random.Next(2);
        if (_random.Next(4) == 0)
        {
            (draft, shape, var refusal) = RefusedByTheLedger();
            kinds.Add(refusal);
            defects = _random.Next(3);
        }
        else
        {
            shape = Pick(Commands);
            draft = Template(shape);
        }
        AddNoise(draft);
        for (var i = 0; i < defects; i++) kinds.Add(ApplyDefect(draft, shape));
        return draft.Build(string.Join("+", kinds), mustBeRefused: true);
    }

    /// <summary>A well-formed command for <paramref name="shape"/>, often one the ledger would accept.</summary>
    private RequestDraft Template(CommandShape shape)
    {
        var draft = Command(shape.Route, keys.Client);
        foreach (var field in shape.Required) draft.Set(field, ValidValue(field));
        foreach (var field in shape.Optional.Where(_ => _random.Next(2) == 0)) draft.Set(field, ValidValue(field));
        return draft;
    }

    private string ValidValue(string field) => field switch
    {
        // Often the seeded hold, which a post or a void without its defect would end.
        "transfer_id" => Str(_random.Next(2) == 0 ? FuzzLedger.HoldId : "fz-tr-" + _random.Next(1_000_000)),
        "hold" => Pick(new[] { "true", "false" }),
        "timeout_seconds" => _random.Next(1, 3_601).ToString(CultureInfo.InvariantCulture),
        _ when IdFields.Contains(field) => Str(AnyAccount()),
        _ when AmountFields.Contains(field) => Pick(ValidAmounts),
        _ when TextFields.Contains(field) => Str(Pick(Texts)),
        "currency" => Pick(new[] { "\"USD\"", "\"JPY\"", "\"EUR\"" }),
        "expected_version" => _random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
        "metadata" => Pick(ValidMetadata),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>Well-formed commands the ledger must refuse for the state of the account they name.</summary>
    private (RequestDraft Draft, CommandShape Shape, string Refusal) RefusedByTheLedger()
    {
        var money = Commands[_random.Next(1, 3)];
        switch (_random.Next(17))
        {
            case 15:
                // It uses 20.00 of its 50.00: any lower limit is refused, as is a withdrawal beyond what is left of it.
                var lower = With(Commands[9], FuzzLedger.Overdrawn, ("overdraft_limit", Pick(new[] { "0", "\"19.99\"", "\"0.00\"", "5" })));
                return (lower, Commands[9], "overdraft-limit-below-used");
            case 16:
                return (With(Commands[2], FuzzLedger.Overdrawn, ("amount", Pick(new[] { "\"30.01\"", "31", "\"1000.00\"" }))), Commands[2], "beyond-the-overdraft");
            case 11:
                var (post, postShape) = (Command(Commands[7].Route, keys.Client), Commands[7]);
                post.Set("transfer_id", Str(FuzzLedger.HoldId));
                post.Set("amount", Pick(new[] { "\"3.01\"", "4", "\"1000.00\"" }));
                return (post, postShape, "amount-exceeds-hold");
            case 12:
                var shapeOfEnd = Commands[_random.Next(7, 9)];
                var end = Command(shapeOfEnd.Route, keys.Client);
                end.Set("transfer_id", Str(_random.Next(2) == 0 ? FuzzLedger.TransferId : Ghost()));
                return (end, shapeOfEnd, "not-held-or-unknown-transfer");
            case 13:
                // The target of the seeded hold: empty, and still it may not close while the hold may be posted.
                return (With(Commands[5], FuzzLedger.Pending, null), Commands[5], "hold-pending-at-target");
            case 14:
                var hold = Command(Commands[6].Route, keys.Client);
                hold.Set("from_account_id", Str(FuzzLedger.Usd));
                hold.Set("to_account_id", Str(FuzzLedger.Payee));
                hold.Set("amount", Pick(ValidAmounts));
                if (_random.Next(2) == 0) hold.Set("hold", "true");
                hold.Set("timeout_seconds", Pick(new[] { "0", "-1", "2592001", "99999999999" }));
                return (hold, Commands[6], "bad-timeout");
            case 0:
                return (With(money, Pick(new[] { FuzzLedger.Frozen, FuzzLedger.Closed }), ("amount", "\"1.00\"")), money, "account-frozen-or-closed");
            case 1:
                var shape = Commands[_random.Next(1, 6)];
                return (With(shape, Ghost(), shape.Required.Contains("amount") ? ("amount", "\"1.00\"") : null), shape, "unknown-account");
            case 2:
                return (With(Commands[2], Pick(new[] { FuzzLedger.Usd, FuzzLedger.Jpy, FuzzLedger.Payee }), ("amount", "\"99999999.99\"")), Commands[2], "insufficient-funds");
            case 3:
                return (With(money, Pick(new[] { FuzzLedger.Usd, FuzzLedger.Jpy }), ("amount", Pick(new[] { "\"1.001\"", "12.345", "\"0.0001\"" }))), money, "too-many-decimals");
            case 4:
                var written = Commands[_random.Next(1, 6)];
                var stale = With(written, Pick(FuzzLedger.Accounts), written.Required.Contains("amount") ? ("amount", "\"1.00\"") : null);
                stale.Set("expected_version", "1000000000000000");
                return (stale, written, "stale-version");
            case 5:
                return (With(Commands[3], Pick(new[] { FuzzLedger.Frozen, FuzzLedger.Closed }), null), Commands[3], "already-frozen");
            case 6:
                return (With(Commands[4], Pick(new[] { FuzzLedger.Usd, FuzzLedger.Jpy, FuzzLedger.Payee, FuzzLedger.Closed }), null), Commands[4], "not-frozen");
            case 7:
                return (With(Commands[5], Pick(new[] { FuzzLedger.Usd, FuzzLedger.Jpy, FuzzLedger.Frozen, FuzzLedger.Payee, FuzzLedger.Closed }), null), Commands[5], "not-empty");
            case 8:
                return (With(Commands[0], Pick(FuzzLedger.Accounts), ("owner_name", Str(Pick(Texts)))), Commands[0], "account-exists");
            case 9:
                var reused = With(Commands[1], FuzzLedger.Usd, ("amount", Pick(new[] { "\"11.00\"", "10.01", "\"9.99\"" })));
                reused.SetHeader("Idempotency-Key", FuzzLedger.SeedIdempotencyKey);
                return (reused, Commands[1], "idempotency-key-reused");
            default:
                var same = AnyAccount();
                var transfer = Command(Commands[6].Route, keys.Client);
                transfer.Set("from_account_id", Str(same));
                transfer.Set("to_account_id", Str(same));
                transfer.Set("amount", Pick(ValidAmounts));
                return (transfer, Commands[6], "same-account");
        }
    }

    private RequestDraft With(CommandShape shape, string account, (string Field, string Value)? extra)
    {
        var draft = Command(shape.Route, keys.Client);
        draft.Set("account_id", Str(account));
        if (extra is { } field) draft.Set(field.Field, field.Value);
        return draft;
    }

    /// <summary>What a real client adds; none of it makes a refused request acceptable.</summary>
    private void AddNoise(RequestDraft draft)
    {
        if (_random.Next(3) == 0 && !draft.Headers.Any(h => h.Key == "Idempotency-Key"))
            draft.SetHeader("Idempotency-Key", RandomPrintable(1 + _random.Next(_random.Next(2) == 0 ? 16 : 255)));
        if (_random.Next(5) == 0) draft.SetHeader("X-Forwarded-For", $"{_random.Next(256)}.{_random.Next(256)}.0.1, 10.0.0.1");
        if (_random.Next(5) == 0) draft.SetHeader("Accept", Pick(new[] { "*/*", "application/xml", "text/html;q=0.9", "application/problem+json" }));
        if (_random.Next(6) == 0) draft.ContentType = "application/json; charset=utf-8";
        if (_random.Next(6) == 0) draft.SetHeader("X-Request-Id", RandomPrintable(1 + _random.Next(100)));
    }

    /// <summary>Makes the request one the API must refuse; returns the defect's name.</summary>
    private string ApplyDefect(RequestDraft draft, CommandShape shape)
    {
        switch (_random.Next(26))
        {
            case 0: draft.Headers.RemoveAll(h => h.Key == "Authorization"); return "no-key";
            case 1: draft.SetHeader("Authorization", "Bearer " + UnknownKey()); return "unknown-key";
            case 2: draft.SetHeader("Authorization", "Bearer " + Pick(new[] { keys.Auditor, keys.Operator })); return "wrong-role";
            case 3: draft.SetHeader("Authorization", BadScheme()); return "bad-authorization";
            case 4: BadIdempotencyKey(draft); return "bad-idempotency-key";
            case 5: draft.ContentType = Pick(new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json" }); return "wrong-content-type";
            case 6: draft.RawBody = BrokenBody(_random); return "broken-body";
            case 7: draft.RawBody = Encoding.UTF8.GetBytes(RandomJson(_random)); return "random-json";
            case 8:
                var required = Pick(shape.Required);
                draft.Fields.RemoveAll(f => f.Key == required);
                return "missing-field";
            case 9:
                var field = Pick(shape.Fields.ToArray());
                draft.Set(field, WrongType(field));
                return "wrong-type";
            case 10: draft.Fields.Add(new(Pick(new[] { "Amount", "account_id ", "accountId", "amount\u0000", "__proto__", "", "$where", "ÄMOUNT" }), Pick(ValidAmounts))); return "unknown-field";
            case 11:
                var repeated = draft.Fields.Count > 0 ? Pick(draft.Fields.ToArray()) : new("account_id", Str(FuzzLedger.Usd));
                if (draft.Fields.Count == 0) draft.Fields.Add(repeated);
                draft.Fields.Add(repeated);
                return "duplicate-field";
            case 12: draft.Set(Pick(IdFields.Where(shape.Fields.Contains).DefaultIfEmpty("account_id").ToArray()), Str(InvalidId(_random))); return "bad-id";
            case 13: draft.Set(Pick(AmountFields.Where(shape.Fields.Contains).DefaultIfEmpty("amount").ToArray()), InvalidAmount(_random)); return "bad-amount";
            case 14: draft.Set(Pick(TextFields.Where(shape.Fields.Contains).DefaultIfEmpty("description").ToArray()), InvalidText(_random)); return "bad-text";
            case 15: draft.Set("expected_version", Pick(InvalidVersions)); return "bad-version";
            case 16: draft.Set("currency", Pick(InvalidCurrencies)); return "bad-currency";
            case 17:
                if (!shape.Required.Contains("amount")) goto case 13;
                draft.Set("amount", Pick(Zeros));
                return "zero-amount";
            case 18: draft.Fields.Add(new("padding", Str(new string('p', Limits.MaxBodyBytes + 464 + _random.Next(30_000))))); return "body-too-large";
            case 19:
                var depth = Limits.MaxJsonDepth + 1 + _random.Next(60);
                draft.Set(Pick(shape.Fields.ToArray()), new string('[', depth) + new string(']', depth));
                return "too-deep";
            case 20: for (var i = 0; i < Limits.MaxHeaderCount + 1 + _random.Next(30); i++) draft.SetHeader($"X-Filler-{i}", "x"); return "too-many-headers";
            case 21: HeadersTooLarge(draft); return "headers-too-large";
            case 22: UrlTooLong(draft); return "url-too-long";
            case 23:
                draft.Method = Pick(OtherMethods);
                if (draft.Method is "GET" or "HEAD" or "TRACE" or "OPTIONS") draft.HasBody = false;
                return "wrong-method";
            // Refused wherever it stands: beyond its bounds, or an unknown field on a write that takes none.
            case 24: draft.Set("metadata", InvalidMetadata(_random)); return "bad-metadata";
            default: draft.Path = "/commands/" + Pick(new[] { "deposits", "withdrawal", "create_account", "transfer-money", "fz-" + _random.Next(1000) }); return "unknown-route";
        }
    }

    private HostileRequest Read()
    {
        var route = Pick(ReadRoutes);
        var id = _random.Next(10) switch
        {
            < 5 => route.StartsWith("/transfers", StringComparison.Ordinal) ? FuzzLedger.TransferId : Pick(FuzzLedger.Accounts),
            < 7 => Ghost(),
            _ => InvalidId(_random),
        };
        // Bounded so that path and query stay within what Kestrel itself reads (its request line limit).
        var escaped = Uri.EscapeDataString(id);
        var draft = new RequestDraft("GET", route.Replace("{id}", escaped.Length > 1500 ? escaped[..1500] : escaped));
        draft.SetHeader("Authorization", _random.Next(4) switch
        {
            0 => BadScheme(),
            1 => "Bearer " + keys.Client,
            2 => "Bearer " + keys.Operator,
            _ => "Bearer " + keys.Auditor,
        });
        var parameters = Enumerable.Range(0, _random.Next(4))
            .Select(_ => Uri.EscapeDataString(Pick(QueryNames)) + "=" + Uri.EscapeDataString(Pick(QueryValues))).ToList();
        if (parameters.Count > 0) draft.Query = "?" + string.Join("&", parameters);
        if (_random.Next(8) == 0) ApplyHeaderDefect(draft);
        return draft.Build("read", mustBeRefused: false);
    }

    private void ApplyHeaderDefect(RequestDraft draft)
    {
        if (_random.Next(2) == 0) HeadersTooLarge(draft);
        else UrlTooLong(draft);
    }

    private void HeadersTooLarge(RequestDraft draft) =>
        draft.SetHeader("X-Filler", new string('h', Limits.MaxHeaderBytes + 116 + _random.Next(7_000)));

    private void UrlTooLong(RequestDraft draft) => draft.Query = "?pad=" + new string('q', Limits.MaxUrlBytes + 4 + _random.Next(1_800));

    /// <summary>Unknown routes, wrong methods on the read routes, the operator's writes without an operator key.</summary>
    private HostileRequest Elsewhere()
    {
        switch (_random.Next(3))
        {
            case 0:
                var method = Pick(new[] { "GET", "POST", "PUT", "DELETE", "PATCH" });
                var unknown = new RequestDraft(method, Pick(UnknownPaths)) { HasBody = method != "GET" };
                unknown.SetHeader("Authorization", "Bearer " + Pick(new[] { keys.Client, keys.Auditor, keys.Operator }));
                unknown.Set("account_id", Str(FuzzLedger.Usd));
                unknown.Set("amount", "1");
                return unknown.Build("unknown-route", mustBeRefused: method != "GET");
            case 1:
                var wrong = new RequestDraft(Pick(new[] { "POST", "PUT", "DELETE", "PATCH" }),
                    Pick(ReadRoutes).Replace("{id}", FuzzLedger.Usd))
                { HasBody = true };
                wrong.SetHeader("Authorization", "Bearer " + Pick(new[] { keys.Client, keys.Auditor, keys.Operator }));
                wrong.Set("account_id", Str(FuzzLedger.Usd));
                return wrong.Build("wrong-method", mustBeRefused: true);
            default:
                var admin = new RequestDraft("POST", Pick(new[] { "/admin/verify", "/admin/verify-chain", "/admin/rebuild", "/admin/webhooks" }));
                var authorization = _random.Next(4) switch
                {
                    0 => null,
                    1 => "Bearer " + UnknownKey(),
                    2 => "Bearer " + keys.Client,
                    _ => "Bearer " + keys.Auditor,
                };
                if (authorization is not null) admin.SetHeader("Authorization", authorization);
                return admin.Build("admin-without-operator", mustBeRefused: true);
        }
    }

    private RequestDraft Command(string route, string key)
    {
        var draft = new RequestDraft("POST", route) { HasBody = true };
        draft.SetHeader("Authorization", "Bearer " + key);
        return draft;
    }

    /// <summary>A value of a type <paramref name="field"/> never accepts (a number is an amount, a string may be one).</summary>
    private string WrongType(string field) => field switch
    {
        _ when AmountFields.Contains(field) => Pick(new[] { "true", "false", "[]", "[\"1\"]", "{}", "{\"value\":1}", "\"abc\"" }),
        "expected_version" => Pick(new[] { "\"1\"", "true", "[]", "{}", "-1.5" }),
        "hold" => Pick(new[] { "\"true\"", "1", "0", "\"yes\"", "[]", "{}" }),
        "timeout_seconds" => Pick(new[] { "\"60\"", "true", "1.5", "[]", "{}" }),
        "metadata" => Pick(new[] { "\"order=42\"", "7", "true", "[]", "[{\"k\":\"v\"}]" }),
        _ => Pick(NotStrings),
    };

    private void BadIdempotencyKey(RequestDraft draft)
    {
        switch (_random.Next(4))
        {
            case 0: draft.SetHeader("Idempotency-Key", RandomPrintable(256 + _random.Next(2000))); break;
            case 1: draft.SetHeader("Idempotency-Key", "tab\tinside"); break;
            case 2: draft.SetHeader("Idempotency-Key", ""); break;
            // (Two Idempotency-Key lines cannot be sent from here: HttpClient joins them into one valid key.)
            default: draft.SetHeader("Idempotency-Key", RandomPrintable(256)); break;
        }
    }

    private string BadScheme() => _random.Next(7) switch
    {
        0 => "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("client:" + keys.Client)),
        1 => "Token " + keys.Client,
        2 => "Bearer",
        3 => "Bearer  ",
        4 => keys.Client,
        5 => "Bearer " + keys.Client + " " + keys.Client,
        _ => "Bearer " + new string('k', 257 + _random.Next(500)),
    };

    private string UnknownKey() => _random.Next(4) switch
    {
        0 => KeyShaped(),
        1 => keys.Client[..^1] + (keys.Client[^1] == 'A' ? 'B' : 'A'),
        2 => keys.Client.ToUpperInvariant(),
        _ => RandomPrintable(1 + _random.Next(200)).Replace(" ", "-"),
    };

    /// <summary>Random, in the shape of the keys `./chronicle up` makes.</summary>
    private string KeyShaped()
    {
        var bytes = new byte[32];
        _random.NextBytes(bytes);
        return TestApiKeys.KeyFrom(bytes);
    }

    private string RandomPrintable(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)_random.Next(' ', '~' + 1);
        // Kestrel trims a header value's outer whitespace: keep the length the key was meant to have.
        chars[0] = chars[^1] = 'k';
        return new string(chars);
    }

    private string AnyAccount() => _random.Next(4) == 0 ? Ghost() : Pick(FuzzLedger.Accounts);

    private string Ghost() => "fz-ghost-" + _random.Next(100_000);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
