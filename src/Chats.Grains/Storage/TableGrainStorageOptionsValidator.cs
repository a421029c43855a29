using System.Text.RegularExpressions;
using Orleans.Runtime;

namespace Chats.Storage;

/// <summary>Fails silo start when a <see cref="TableGrainStorage"/> is registered without a usable configuration.</summary>
internal sealed partial class TableGrainStorageOptionsValidator(TableGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (options.TableServiceClient is null)
        {
            throw new OrleansConfigurationException(
                $"{nameof(TableGrainStorageOptions.TableServiceClient)} is required for table grain storage \"{name}\".");
        }

        if (!TableNamePattern().IsMatch(options.TableName))
        {
            throw new OrleansConfigurationException(
                $"{nameof(TableGrainStorageOptions.TableName)} \"{options.TableName}\" of table grain storage \"{name}\" must be 3 to 63 letters or digits, starting with a letter.");
        }

        if (options.MaxStateSize <= 0)
        {
            throw new OrleansConfigurationException(
                $"{nameof(TableGrainStorageOptions.MaxStateSize)} of table grain storage \"{name}\" must be positive.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
