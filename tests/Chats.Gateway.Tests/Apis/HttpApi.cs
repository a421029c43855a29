using System.Net;
using System.Text;
using System.Text.Json;

namespace Chats.Tests.Apis;

/// <summary>Small helpers to call the gateway the way the m3o clients do: a JSON POST, a JSON reply.</summary>
internal static class HttpApi
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, object body) =>
        PostAsync(http, path, JsonSerializer.Serialize(body));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static void AssertMicroError(HttpStatusCode expectedStatus, string expectedId, (HttpStatusCode Status, JsonElement Body) reply)
    {
        Assert.Equal(expectedStatus, reply.Status);
        Assert.Equal(expectedId, reply.Body.GetProperty("id").GetString());
        Assert.Equal((int)expectedStatus, reply.Body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("status").GetString()));
        Assert.Equal(["code", "detail", "id", "request_id", "status"], reply.Body.EnumerateObject().Select(p => p.Name).Order());
        Assert.False(string.IsNullOrEmpty(reply.Body.GetProperty("request_id").GetString()));
    }

    public static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name).Order()];
}
