using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IsoEdms.Access;

/// <summary>
/// The certificate that encrypts the data-protection key ring at rest (the keys that sign every cookie and token live in
/// the database; without this they would be plain XML there). IsoEdms:KeyRingCertificate names a PKCS#12 file (and
/// IsoEdms:KeyRingCertificatePassword its password): every node of a deployment must be given the same one. Without it,
/// a self-signed certificate is made once in the <c>.data</c> folder beside <c>processes/</c> (the embedded demo's data
/// folder, never committed), readable by its owner only.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathKey = "IsoEdms:KeyRingCertificate";
    public const string PasswordKey = "IsoEdms:KeyRingCertificatePassword";

    public static X509Certificate2 Load(IConfiguration configuration, TimeProvider clock)
    {
        if (configuration[PathKey] is { Length: > 0 } configured)
            return File.Exists(configured)
                ? X509CertificateLoader.LoadPkcs12FromFile(configured, configuration[PasswordKey], X509KeyStorageFlags.EphemeralKeySet)
                : throw new InvalidOperationException($"{PathKey} names {configured}, which does not exist");
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Infrastructure.ProcessesFolder.Find(configuration)))!, ".data");
        var path = Path.Combine(folder, "keyring.pfx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=IsoEdms key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var made = request.CreateSelfSigned(clock.GetUtcNow().AddDays(-1), clock.GetUtcNow().AddYears(30));
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, made.Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temp); }   // another process made it first: use theirs
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
