global using Chats;
global using Microsoft.Extensions.Options;
global using Orleans;
