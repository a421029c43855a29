global using Chats;
global using Chats.Testing;
global using Orleans;
