using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Chats.Tests.Deployment;

/// <summary>No Docker engine runs here, so the compose file is checked by reading it.</summary>
public sealed partial class DockerComposeTests
{
    private static readonly YamlMappingNode Services = LoadServices();

    [Fact]
    public void ComposeNamesAzuriteTwoSilosAndAGateway()
    {
        Assert.Equal(["azurite", "gateway", "silo1", "silo2"], Services.Children.Keys.Select(key => key.ToString()).Order());
    }

    [Fact]
    public void EveryServiceHasAHealthCheck()
    {
        Assert.All(Services.Children.Keys, name => Assert.True(Service(name.ToString()).ContainsKey("healthcheck"), name.ToString()));
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("gateway")]
    public void SilosAndGatewayUseAzureTableMembershipInTheSharedStorageWithOneClusterAndServiceId(string name)
    {
        var environment = Environment(name);

        Assert.Equal("AzureTable", environment["Chats__Cluster__Membership"]);
        Assert.Contains("TableEndpoint=http://azurite:10002/", environment["Chats__Storage__ConnectionString"]);
        Assert.Equal("chats", environment["Chats__Cluster__ClusterId"]);
        Assert.Equal("chats", environment["Chats__Cluster__ServiceId"]);
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    public void SilosAdvertiseTheirOwnHostAndShareOneStorageAccount(string name)
    {
        var environment = Environment(name);

        Assert.Equal(name, environment["Chats__Cluster__AdvertisedHost"]);
        Assert.Contains("TableEndpoint=http://azurite:10002/", environment["Chats__Storage__ConnectionString"]);
    }

    [Fact]
    public void AzuriteIsStoppedWithSigintSoItSavesItsData()
    {
        Assert.Equal("SIGINT", Service("azurite")["stop_signal"].ToString());
    }

    [Fact]
    public void EverySettingTheComposeFileUsesIsDocumentedInTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var documented = SettingPattern().Matches(readme).Select(match => match.Value).ToHashSet();
        var used = Services.Children.Keys.Select(key => key.ToString())
            .Where(name => Service(name).ContainsKey("environment"))
            .SelectMany(name => Environment(name).Keys)
            .Select(key => Regex.Replace(key, @"__\d+$", "__0"))
            .Distinct();

        Assert.All(used, setting => Assert.Contains(setting, documented));
    }

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
    }

    private static Dictionary<string, YamlNode> Service(string name) => Flatten((YamlMappingNode)Services.Children[name]);

    private static Dictionary<string, string> Environment(string name) =>
        Flatten((YamlMappingNode)Service(name)["environment"]).ToDictionary(entry => entry.Key, entry => entry.Value.ToString());

    // Merge keys (<<: *anchor) are resolved by hand: the representation model keeps them as entries.
    private static Dictionary<string, YamlNode> Flatten(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key.ToString() == "<<")
            {
                foreach (var (mergedKey, mergedValue) in Flatten((YamlMappingNode)value))
                {
                    result.TryAdd(mergedKey, mergedValue);
                }
            }
            else
            {
                result[key.ToString()] = value;
            }
        }

        return result;
    }

    [GeneratedRegex(@"\b(Chats__[A-Za-z]+__[A-Za-z]+(__0)?|Urls)\b")]
    private static partial Regex SettingPattern();
}
