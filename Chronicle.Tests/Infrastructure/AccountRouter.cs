using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Stands in for the account shard region in a plain actor system: routes each account message to a
/// real AccountActor (real journal) by id; the accounts reach each other (a transfer's credit) through it
/// too. A filter may cut the wire at a chosen message, to freeze a transfer at an exact point as a crash
/// would: <see cref="Delivery.Drop"/> (the process died before sending it) or <see cref="Delivery.DropAnswer"/>
/// (the account applied it, the answer died with the process); or hold an answer back
/// (<see cref="Delivery.HoldAnswer"/>) until the test has done what must happen before it arrives.
/// </summary>
public sealed class AccountRouter : ReceiveActor
{
    public enum Delivery
    {
        Deliver,
        Drop,
        DropAnswer,

        /// <summary>Applied; its answer reaches the sender once the router's <c>answersReleased</c> task completes.</summary>
        HoldAnswer,
    }

    private static readonly TimeSpan HeldAnswerPatience = TimeSpan.FromMinutes(1);

    public AccountRouter(Func<IAccountMessage, Delivery> filter, TransferSettings transfers, Task answersReleased)
    {
        Receive<IAccountMessage>(message =>
        {
            var account = Context.Child(message.AccountId);
            if (account.Equals(ActorRefs.Nobody))
                account = Context.ActorOf(AccountActor.Props(message.AccountId, new AccountSettings(), transfers, Self), message.AccountId);
            switch (filter(message))
            {
                case Delivery.Deliver:
                    account.Forward(message);
                    break;
                case Delivery.DropAnswer:
                    account.Tell(message, ActorRefs.Nobody);
                    break;
                case Delivery.HoldAnswer:
                    _ = AnswerOnceReleased(account.Ask<object>(message, HeldAnswerPatience), Sender, answersReleased);
                    break;
            }
        });
    }

    private static async Task AnswerOnceReleased(Task<object> answer, IActorRef sender, Task released)
    {
        var reply = await answer;
        await released;
        sender.Tell(reply);
    }

    public static Props Props(Func<IAccountMessage, Delivery> filter, TransferSettings? transfers = null, Task? answersReleased = null) =>
        Akka.Actor.Props.Create(() => new AccountRouter(filter, transfers ?? new TransferSettings(), answersReleased ?? Task.CompletedTask));

    public static Props DeliverAll(TransferSettings? transfers = null) => Props(_ => Delivery.Deliver, transfers);
}
