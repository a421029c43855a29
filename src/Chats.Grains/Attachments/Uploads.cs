using System.Security.Cryptography;

namespace Chats.Attachments;

/// <summary>Upload ids, their grain keys and their blobs' names: each tenant's files under a prefix of their own.</summary>
internal static class Uploads
{
    /// <summary>A new upload id: 128 random bits, so an id is not guessable.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string GrainKey(string chatKey, string uploadId) => TenantKeys.ScopeLike(chatKey, uploadId);

    /// <summary>The blob of the upload with this grain key: <c>{tenant}/{id}</c>, the default tenant's under <c>default/</c>.</summary>
    public static string BlobName(string grainKey)
    {
        var tenant = TenantKeys.TenantOf(grainKey);
        return $"{(tenant.Length == 0 ? "default" : "t-" + tenant)}/{TenantKeys.Unscope(grainKey)}";
    }
}
