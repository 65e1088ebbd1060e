namespace GosChat.Domain.Privacy;

/// <summary>
/// Marks a string property that identifies a citizen or says what they wrote (a name, a phone, a message text).
/// Stores write such properties encrypted (<see cref="PersonalDataJson"/>); on positional records use
/// <c>[property: PersonalData]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class PersonalDataAttribute : Attribute;
