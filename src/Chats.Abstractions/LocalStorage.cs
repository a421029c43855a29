namespace Chats;

/// <summary>The storage a local run uses when none is configured: Azurite on its default loopback ports (blobs 10000, tables 10002).</summary>
public static class LocalStorage
{
    /// <summary>Azurite's well-known development account on 127.0.0.1 (its documented key, not a secret).</summary>
    public const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";
}
