namespace Chronicle.Domain.Accounts;

public enum AccountStatus
{
    /// <summary>No AccountCreated event yet: the account does not exist.</summary>
    None,
    Active,
    Frozen,
    Closed,
}
