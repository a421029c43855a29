using Chats.Attachments;
using Chats.Hosting;

namespace Chats.Tests.Attachments;

/// <summary>Which content types an upload may declare, and how a download is served: each rule both ways.</summary>
public sealed class AttachmentContentTypesTests
{
    private static readonly string[] Defaults = ChatsAttachmentOptions.DefaultAllowedContentTypes;

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("IMAGE/PNG", true)]
    [InlineData("text/plain; charset=utf-8", true)]
    [InlineData("video/mp4", true)]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true)]
    [InlineData("text/html", false)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/javascript", false)]
    [InlineData("application/x-msdownload", false)]
    [InlineData("png", false)]
    [InlineData("image/png/x", false)]
    public void OnlyAllowedTypesMayBeDeclared(string contentType, bool allowed) =>
        Assert.Equal(allowed, AttachmentContentTypes.MediaType(contentType) is { } media && AttachmentContentTypes.IsAllowed(media, Defaults));

    [Fact]
    public void AnOperatorCannotAllowATypeABrowserWouldRun()
    {
        string[] everything = ["*"];

        Assert.True(AttachmentContentTypes.IsAllowed("application/x-anything", everything));
        Assert.False(AttachmentContentTypes.IsAllowed("text/html", everything));
        Assert.False(AttachmentContentTypes.IsAllowed("image/svg+xml", everything));
        Assert.Equal("application/octet-stream", AttachmentContentTypes.ServedAs("text/html"));
        Assert.Equal("application/pdf", AttachmentContentTypes.ServedAs("application/pdf"));
    }

    [Fact]
    public void OnlySafeMediaIsServedInlineAndEveryFileNameIsQuoted()
    {
        var image = AttachmentContentTypes.Disposition("image/png", "holiday.png");
        var pdf = AttachmentContentTypes.Disposition("application/pdf", "report \"final\"\r\n.pdf");
        var unicode = AttachmentContentTypes.Disposition("text/plain", "résumé.txt");

        Assert.Equal("inline; filename=\"holiday.png\"; filename*=UTF-8''holiday.png", image);
        Assert.Equal("attachment; filename=\"report _final___.pdf\"; filename*=UTF-8''report%20%22final%22%0D%0A.pdf", pdf);
        Assert.Equal("attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt", unicode);
    }
}
