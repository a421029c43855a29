global using Chats;
global using Chats.Testing;
global using Chats.Tests.Infrastructure;
global using Orleans;
global using Xunit;
