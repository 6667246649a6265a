using CallCenter.Silo.Hosting;

// The container image's health check: probe a URL and exit, without starting anything.
if (args is [HealthProbe.Argument, var url]) return await HealthProbe.RunAsync(url);

// One process, silo and edge together (DESIGN.md §8). Everything that differs between the embedded run and production
// is configuration: appsettings.json, appsettings.{Environment}.json, CALLCENTER_* / ASPNETCORE_* variables, --key=value.
var app = SiloHost.Build(args);
await app.RunAsync();
return 0;
