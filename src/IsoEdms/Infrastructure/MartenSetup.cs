using System.Text.Json.Serialization.Metadata;
using IsoEdms.Domain;
using JasperFx;
using JasperFx.Events;
using Weasel.Core;

namespace IsoEdms.Infrastructure;

/// <summary>Event store settings shared by the web host and the CLI, so both read and write the same way.</summary>
public static class MartenSetup
{
    public const string Schema = "isoedms";

    public static void Configure(StoreOptions opts, string connectionString, bool withAsyncProjections = true)
    {
        opts.Connection(Database.Pooled(connectionString));
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = Schema;
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;   // EnableAll() does not turn it on (docs/stack.md, "Marten")
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.UseIdentityMapForAggregates = true;
        opts.Listeners.Add(new Audit.EventSealing());       // every event sealed into its stream's hash chain
        UseJson(opts);
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        opts.Events.AddEventTypes(EventCatalog.All);
        // privacy erase: the applicant's data and the salt of its commitment, masked in place (the seal does not need them)
        opts.Events.AddMaskingRuleForProtectedInformation<Domain.Cases.CaseReceived>(Audit.PersonalDataErasure.Mask);
        opts.Projections.RegisterAll(withAsyncProjections);
        // how soon the statistics see an event: the daemon looks for new events every 100 ms while busy and every 500 ms
        // when idle (defaults 250 ms / 1 s, which made the lag's p99 about 1 s); one cheap query per look
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(500);
        opts.Schema.For<Cases.CaseDetails>()
            .Duplicate(x => x.Code).Duplicate(x => x.ReceivingUnit).Duplicate(x => x.LeadUnit)
            .Duplicate(x => x.Procedure).Duplicate(x => x.Status).Duplicate(x => x.ReceivedDate);
        // documents of async projections are read by the CLI too, which runs no daemon: declare their storage here so
        // both processes agree on it (projected documents carry numeric revisions)
        opts.Schema.For<Procedures.DocumentRegister>().UseNumericRevisions(true);
        opts.Schema.For<Quality.NonconformityView>().Duplicate(x => x.Unit).Duplicate(x => x.Status);
        opts.Schema.For<Cases.QueueItem>().Duplicate(x => x.Unit).Duplicate(x => x.Assignee!);
        opts.Schema.For<Notifications.Delivery>().Duplicate(x => x.CaseId).Duplicate(x => x.Status).Duplicate(x => x.CreatedAt);
        // documents that only commands write: declared, so that a node creates their tables at start-up, under the start-up
        // lock (StartupLock), rather than in the middle of a desk's first receipt or a citizen's first rating
        opts.RegisterDocumentType<Cases.Receiving.ReceiptKey>();
        opts.RegisterDocumentType<Satisfaction.RatingKey>();
        opts.RegisterDocumentType<Access.Credential>();
        opts.RegisterDocumentType<Monitoring.Notification>();
    }

    /// <summary>The store's JSON: camelCase, enums by name, objects' keys in <c>jsonb</c>'s order (<see cref="JsonbOrder"/>).</summary>
    public static void UseJson(StoreOptions opts) =>
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
            json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(JsonbOrder.Apply));
}
