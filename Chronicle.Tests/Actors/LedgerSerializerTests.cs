using Akka.Actor;
using Chronicle.Actors.Serialization;
using Chronicle.Domain.Accounts;

namespace Chronicle.Tests.Actors;

/// <summary>What goes into the journal comes back equal, under a stable, versioned manifest.</summary>
public sealed class LedgerSerializerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test");
    private LedgerSerializer Serializer => new((ExtendedActorSystem)_system);

    public static TheoryData<object, string> Events => new()
    {
        { new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "JPY", 125, new IdempotencyStamp("k", "fp")), "AccountCreated.v1" },
        { new MoneyDeposited("a", Guid.NewGuid(), T0, 1, 126, "note", null), "MoneyDeposited.v1" },
        { new MoneyWithdrawn("a", Guid.NewGuid(), T0, 6, 120, null, new IdempotencyStamp("k2", "fp2")), "MoneyWithdrawn.v1" },
        { new DepositMoney("a", 12.345m, "d", 3, "key"), "DepositMoney" },
        { new CommandRejected(RejectionCode.VersionConflict, "x", 4), "CommandRejected" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Round_trips_under_its_manifest(object message, string manifest)
    {
        Assert.Equal(manifest, Serializer.Manifest(message));
        Assert.Equal(message, Serializer.FromBinary(Serializer.ToBinary(message), manifest));
    }

    [Fact]
    public void A_snapshot_keeps_balance_version_and_idempotency_keys_in_order()
    {
        var state = AccountState.Initial("a").ApplyAll([
            new AccountCreated("a", Guid.NewGuid(), T0, "Ada", "USD", 0, new IdempotencyStamp("k1", "f1")),
            new MoneyDeposited("a", Guid.NewGuid(), T0.AddSeconds(1), 500, 500, null, new IdempotencyStamp("k2", "f2")),
        ]);

        var restored = (AccountState)Serializer.FromBinary(Serializer.ToBinary(state), Serializer.Manifest(state));

        Assert.Equal((state.BalanceMinorUnits, state.Version, state.LastUpdated), (restored.BalanceMinorUnits, restored.Version, restored.LastUpdated));
        Assert.Equal(["k1", "k2"], restored.Idempotency.OldestFirst);
        Assert.Equal(state.Idempotency.Find("k2"), restored.Idempotency.Find("k2"));
    }

    public void Dispose() => _system.Dispose();
}
