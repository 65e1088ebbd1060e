using GosChat.Server.Auth;
using GosChat.Server.Composition;

// `dotnet run --project src/GosChat.Server -- hash-password <password>` prints a hash for the Operators section.
if (args is ["hash-password", var password])
{
    Console.WriteLine(OperatorDirectory.HashPassword(password));
    return;
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
builder.AddGosChat();

var app = builder.Build();
app.MapGosChat();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
