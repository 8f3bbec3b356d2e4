using Virtualizability.Guests;

// Writes every x86 guest's image beside its manifest: dotnet run --project checker/guests/generator -- checker/guests
var folder = args.Length > 0 ? args[0] : ".";
foreach (var (name, image) in X86Guests.All)
{
    var path = Path.Combine(folder, name + ".bin");
    File.WriteAllBytes(path, image());
    Console.WriteLine($"{path}: {new FileInfo(path).Length} bytes");
}
