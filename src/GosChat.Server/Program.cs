using GosChat.Server.Composition;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
builder.AddGosChat();

var app = builder.Build();
app.MapGosChat();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
