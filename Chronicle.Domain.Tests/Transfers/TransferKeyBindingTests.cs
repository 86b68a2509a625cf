using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;

namespace Chronicle.Domain.Tests.Transfers;

/// <summary>One Idempotency-Key names one transfer request: its transfer id and its body.</summary>
public sealed class TransferKeyBindingTests
{
    private static readonly StartTransfer First = new("a1", "alice", "bob", 10m, "rent");
    private static readonly TransferKeyBinding Bound = TransferKeyBinding.Of(First);

    [Fact]
    public void The_request_the_key_was_bound_to_passes_with_its_amount_written_any_way()
    {
        Assert.Null(Bound.Refusal(First));
        Assert.Null(Bound.Refusal(First with { Amount = 10.00m }));
    }

    public static TheoryData<StartTransfer> OtherRequests => new()
    {
        First with { TransferId = "a2" },
        First with { Amount = 11m },
        First with { ToAccountId = "carol" },
        First with { Description = null },
    };

    [Theory]
    [MemberData(nameof(OtherRequests))]
    public void Another_transfer_id_or_body_under_the_key_is_refused_as_a_reused_key(StartTransfer other)
    {
        var refused = Bound.Refusal(other);
        Assert.Equal(RejectionCode.IdempotencyKeyReused, refused?.Code);
    }

    [Fact]
    public void The_refusal_of_another_transfer_id_names_the_transfer_the_key_started()
    {
        Assert.Contains("'a1'", Bound.Refusal(First with { TransferId = "a2" })!.Detail);
    }
}
