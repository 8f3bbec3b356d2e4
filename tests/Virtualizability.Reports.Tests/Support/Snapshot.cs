using System.Text;
using ApprovalTests;
using ApprovalTests.Approvers;
using ApprovalTests.Core;
using ApprovalTests.Reporters;

namespace Virtualizability.Reports.Tests.Support;

/// <summary>
/// Compares a report with its approved file in Snapshots/. On a difference the test fails and leaves
/// NAME.received.EXT beside NAME.approved.EXT; to accept the change, review it and move the received file
/// over the approved one. No diff tool is launched, so this works the same headless and in CI.
/// </summary>
public static class Snapshot
{
    public static string Directory => Path.Combine(Repo.TestProject, "Snapshots");

    public static void Verify(string name, string extension, string text) =>
        Approvals.Verify(new FileApprover(new Writer(WithoutClonePath(text), extension), new Namer(name), normalizeLineEndingsForTextFiles: true), QuietReporter.INSTANCE);

    /// <summary>
    /// Reports name specs by the absolute paths the tests load them from; a snapshot names them relative
    /// to the repository, so it does not depend on where the clone lives.
    /// </summary>
    public static string WithoutClonePath(string text)
    {
        var root = Repo.Root.TrimEnd('/') + "/";
        return text.Replace(new Uri(root).AbsoluteUri, "", StringComparison.Ordinal).Replace(root, "", StringComparison.Ordinal);
    }

    // An explicit name instead of ApprovalTests' stack-walking namer: theory cases need one file each,
    // and the name must not depend on the test method's name or on build path mapping.
    private sealed class Namer(string name) : IApprovalNamer
    {
        public string SourcePath => Snapshot.Directory;

        public string Name => name;
    }

    // ApprovalTextWriter writes a byte-order mark; the reports themselves have none, so neither do their
    // snapshots, and a received file is byte for byte what the renderer produced.
    private sealed class Writer(string text, string extension) : IApprovalWriter
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        public string GetApprovalFilename(string basename) => $"{basename}.approved.{extension}";

        public string GetReceivedFilename(string basename) => $"{basename}.received.{extension}";

        public string WriteReceivedFile(string received)
        {
            File.WriteAllText(received, text, Utf8);
            return received;
        }
    }
}
