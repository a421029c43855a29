global using Azure;
global using Azure.Data.Tables;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using Orleans;
global using Orleans.Runtime;
global using Orleans.Storage;
