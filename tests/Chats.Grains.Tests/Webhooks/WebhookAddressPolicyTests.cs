using System.Net;
using Chats.Hosting;
using Chats.Webhooks;
using Microsoft.Extensions.Options;

namespace Chats.Tests.Webhooks;

/// <summary>The SSRF rules, each both ways: refused by default, allowed when the setting allows it.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static WebhookAddressPolicy Policy(Action<WebhookTargetOptions>? configure = null)
    {
        var options = new WebhookTargetOptions();
        configure?.Invoke(options);
        return new WebhookAddressPolicy(Options.Create(options));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("fd12::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void APrivateAddressIsRefusedUnlessPrivateNetworksAreAllowed(string address)
    {
        Assert.NotNull(Policy().RefuseAddress(IPAddress.Parse(address)));
        Assert.Null(Policy(options => options.AllowPrivateNetworks = true).RefuseAddress(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    public void LoopbackIsAllowedUnlessTurnedOff(string address)
    {
        Assert.Null(Policy().RefuseAddress(IPAddress.Parse(address)));
        Assert.NotNull(Policy(options => options.AllowLoopback = false).RefuseAddress(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("172.32.0.1")]
    public void APublicAddressIsAllowed(string address) => Assert.Null(Policy().RefuseAddress(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("ff02::1")]
    public void ANonUnicastAddressIsRefusedWhateverIsAllowed(string address) =>
        Assert.NotNull(Policy(options => options.AllowPrivateNetworks = true).RefuseAddress(IPAddress.Parse(address)));

    [Fact]
    public void PlainHttpIsForLoopbackUnlessAllowed()
    {
        Assert.Null(Policy().RefuseUrl("http://127.0.0.1:8080/hooks"));
        Assert.Null(Policy().RefuseUrl("http://localhost/hooks"));
        Assert.NotNull(Policy().RefuseUrl("http://example.com/hooks"));
        Assert.Null(Policy(options => options.AllowHttp = true).RefuseUrl("http://example.com/hooks"));
        Assert.Null(Policy().RefuseUrl("https://example.com/hooks"));
    }

    [Fact]
    public void ALoopbackUrlIsRefusedWhenLoopbackIsOff()
    {
        Assert.NotNull(Policy(options => options.AllowLoopback = false).RefuseUrl("https://localhost/hooks"));
        Assert.NotNull(Policy(options => options.AllowLoopback = false).RefuseUrl("http://127.0.0.1/hooks"));
    }
}
