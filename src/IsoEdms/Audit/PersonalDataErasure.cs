using System.Security.Cryptography;
using IsoEdms.Cases;
using IsoEdms.Domain.Audit;

namespace IsoEdms.Audit;

/// <summary>
/// <c>privacy erase CODE --reason TEXT</c>: the erasure is recorded on the case (<see cref="PersonalDataErased"/>: who,
/// when, why, which events), then the applicant's data and the salt of its commitment are masked in place with Marten's
/// event data masking. The case's documents drop the data with the recorded event; the seals still verify, since they
/// commit to the data through the salted hash (<see cref="IHoldsPersonalData"/>). Running it again masks again and records nothing new.
/// </summary>
public static class PersonalDataErasure
{
    public static readonly Applicant ErasedApplicant = new(PersonalData.ErasedText, PersonalData.ErasedText, PersonalData.ErasedText, PersonalData.ErasedText);

    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The masking rule: every personal field, and the salt, which would let anyone test a guess against the commitment.</summary>
    public static CaseReceived Mask(CaseReceived e) => e with { Applicant = ErasedApplicant, PersonalSalt = null };

    public static async Task<int> EraseAsync(IDocumentStore store, string code, string reason, string by, DateTimeOffset now, TextWriter o, TextWriter e, CancellationToken ct)
    {
        Guid id;
        await using (var q = store.QuerySession())
        {
            var found = await q.Query<CaseDetails>().Where(c => c.Code == code).Select(c => c.Id).Take(2).ToListAsync(ct);
            if (found.Count != 1) { e.WriteLine(found.Count == 0 ? $"privacy erase: no dossier has the code {code}" : $"privacy erase: several dossiers have the code {code}"); return 1; }
            id = found[0];
        }
        await using (var session = store.LightweightSession())
        {
            var stream = await session.Events.FetchForWriting<CaseDetails>(id, ct);
            var details = stream.Aggregate!;
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            if (events.All(x => x.Data is not PersonalDataErased))
            {
                var state = await details.WriteModelAsync(session, ct);
                var versions = events.Where(x => x.Data is IHoldsPersonalData).Select(x => x.Version).ToList();
                await CaseAppends.AppendAsync(session, stream, details, state, [new PersonalDataErased(id, code, reason, versions, by, now)], by, ct);
                // the applicant's addresses on the notifications sent or waiting go too (a waiting one is then given up)
                foreach (var d in await session.Query<Notifications.Delivery>().Where(x => x.CaseId == id && x.Person == null).ToListAsync(ct))
                {
                    d.To = PersonalData.ErasedText;
                    if (d.Status == Notifications.DeliveryStatuses.Pending) d.Status = Notifications.DeliveryStatuses.Failed;
                    session.Store(d);
                }
                await Infrastructure.Transactions.CommitAsync(session, ct);
            }
        }
        await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id, x => x.Data is CaseReceived), ct);
        o.WriteLine($"privacy erase: the applicant's data of {code} is erased; the erasure is recorded on the case (by {by}: {reason})");
        return 0;
    }
}
