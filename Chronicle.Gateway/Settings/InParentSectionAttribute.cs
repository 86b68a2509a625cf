namespace Chronicle.Gateway.Settings;

/// <summary>
/// The settings of this property's type sit in its owner's section, not in one of their own: the
/// ledger's and the security settings' keys were Chronicle:EventStore, Chronicle:ApiKeysFile, ...
/// before there were sections, and deployments set them so.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class InParentSectionAttribute : Attribute;
