using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Attachments;

/// <summary>What a client does with attachments over real HTTP: declare an upload, PUT the bytes to storage, attach, download.</summary>
internal sealed class AttachmentClient(HttpClient gateway)
{
    // Storage is another host: a client of its own, which does not follow redirects (the tests look at them).
    private static readonly HttpClient Storage = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public HttpClient Gateway => gateway;

    public static byte[] Png(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        using var bytes = new MemoryStream();
        image.SaveAsPng(bytes);
        return bytes.ToArray();
    }

    public async Task<(string ChatId, string Alice, string Bob)> NewChatAsync()
    {
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chat = await OkAsync("CreateChat", new { user_ids = new[] { alice, bob } });
        return (chat.GetProperty("chat").GetProperty("id").GetString()!, alice, bob);
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> CreateUploadAsync(string chatId, string userId, string fileName, string contentType, long size) =>
        PostAsync(gateway, "/v1/chats/CreateUpload", new { chat_id = chatId, user_id = userId, file_name = fileName, content_type = contentType, size });

    /// <summary>CreateUpload, then the PUT; returns the upload's id and url.</summary>
    public async Task<(string Id, string Url)> UploadAsync(string chatId, string userId, string fileName, string contentType, byte[] bytes)
    {
        var reply = await CreateUploadAsync(chatId, userId, fileName, contentType, bytes.Length);
        Assert.True(reply.Status == HttpStatusCode.OK, $"CreateUpload: {reply.Status} {reply.Body}");
        var upload = reply.Body.GetProperty("upload");
        var (id, url) = (upload.GetProperty("id").GetString()!, upload.GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, bytes, contentType));
        return (id, url);
    }

    /// <summary>A PUT of the bytes to an upload URL, as a browser or app sends it.</summary>
    public static async Task<HttpStatusCode> PutAsync(string url, byte[] bytes, string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Storage.SendAsync(request);
        return response.StatusCode;
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> PostMessageAsync(string chatId, string authorId, IEnumerable<string> attachments, string? id = null) =>
        PostAsync(gateway, "/v1/chats/CreateMessage", new { id, chat_id = chatId, author_id = authorId, text = "see attached", attachments });

    /// <summary>GET Attachment: the gateway's reply (a redirect, or an error) without following it.</summary>
    public async Task<(HttpStatusCode Status, string? Location, string Body)> GetAttachmentAsync(string chatId, string id, string userId)
    {
        using var response = await gateway.GetAsync($"/v1/chats/Attachment?chat_id={Uri.EscapeDataString(chatId)}&id={id}&user_id={Uri.EscapeDataString(userId)}");
        return (response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Storage's answer to a GET of a read URL: status, body and the headers it is served with.</summary>
    public static async Task<(HttpStatusCode Status, byte[] Body, string? ContentType, string? Disposition)> ReadAsync(string url)
    {
        using var response = await Storage.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType,
            response.Content.Headers.ContentDisposition?.ToString());
    }

    public async Task<JsonElement> OkAsync(string method, object body)
    {
        var reply = await PostAsync(gateway, "/v1/chats/" + method, body);
        Assert.True(reply.Status == HttpStatusCode.OK, $"{method}: {reply.Status} {reply.Body}");
        return reply.Body;
    }
}
