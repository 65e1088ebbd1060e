using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Data Protection keys kept in Redis, so every node can read the sign-in tokens and cookies any node issued.
/// </summary>
public sealed class RedisXmlRepository(IConnectionMultiplexer redis) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        redis.GetDatabase().ListRange(RedisKeys.DataProtectionKeys).Select(v => XElement.Parse((string)v!)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        redis.GetDatabase().ListRightPush(RedisKeys.DataProtectionKeys, element.ToString(SaveOptions.DisableFormatting));
}
