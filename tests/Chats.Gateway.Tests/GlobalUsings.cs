global using Chats;
global using Chats.Testing;
global using Chats.Tests.Apis;
global using Chats.Tests.Authentication;
global using Chats.Tests.Infrastructure;
global using Chats.Tests.UserTokens;
global using Orleans;
global using Xunit;
