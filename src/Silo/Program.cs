using CallCenter.Silo.Hosting;

// One process, silo and edge together (DESIGN.md §8). Everything that differs between the embedded run and production
// is configuration: appsettings.json, appsettings.{Environment}.json, CALLCENTER_* / ASPNETCORE_* variables, --key=value.
var app = SiloHost.Build(args);
await app.RunAsync();
