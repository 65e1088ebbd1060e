using System.Runtime.CompilerServices;

// The frame codec is internal; its tests live with the backplane's end-to-end tests.
[assembly: InternalsVisibleTo("GosChat.Server.Tests")]
[assembly: InternalsVisibleTo("GosChat.Storage.Tests")]
