namespace CallCenter.Bench;

/// <summary>Dispatches `dotnet run -c Release --project bench/Bench -- NAME [options]` to one benchmark.</summary>
public static partial class BenchCommands
{
    private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Commands = new(StringComparer.OrdinalIgnoreCase);

    public static int Run(string[] args)
    {
        RegisterAll();
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("usage: bench NAME [options]\n");
            foreach (var (name, (description, _)) in Commands.OrderBy(c => c.Key)) Console.Error.WriteLine($"  {name,-14} {description}");
            return 2;
        }
        return command.Run(args[1..]);
    }

    /// <summary>Each benchmark file adds itself here through a partial method named after it.</summary>
    private static void Register(string name, string description, Func<string[], int> run) => Commands[name] = (description, run);

    private static void RegisterAll()
    {
        RegisterRuntime();
        RegisterTelephony();
        RegisterStorage();
        RegisterDialer();
        RegisterDialerThroughput();
        RegisterPushes();
        RegisterGrpcEvents();
    }

    static partial void RegisterRuntime();
    static partial void RegisterTelephony();
    static partial void RegisterStorage();
    static partial void RegisterDialer();
    static partial void RegisterDialerThroughput();
    static partial void RegisterPushes();
    static partial void RegisterGrpcEvents();
}
