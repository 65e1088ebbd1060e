using GosChat.Domain.Ports;
using GosChat.Domain.Routing;
using NodaTime;

namespace GosChat.Domain.Engine;

/// <summary>The routing engine of one node, wired from its ports: citizens' and operators' commands and the dispatcher.</summary>
public sealed class ContactCentre
{
    public CitizenService Citizens { get; }
    public OperatorService Operators { get; }
    public Dispatcher Dispatcher { get; }
    public QueueMetrics Metrics { get; }
    public IRoutingStore Store { get; }
    public IMessageStore Messages { get; }
    public IClock Clock { get; }
    public ContactCentreOptions Options { get; }
    public IWorkingHours Hours { get; }

    /// <summary>Where committed changes are told (pushes); for domain services beside the engine (chat to voice).</summary>
    public IContactCentreEvents Events { get; }
    public SessionObservers Observers { get; }
    public Queues.QueueBoard Board { get; }

    public ContactCentre(
        IRoutingStore store,
        IMessageStore messages,
        ITicketSequence tickets,
        IClock clock,
        ContactCentreOptions? options = null,
        IContactCentreEvents? events = null,
        IWorkingHours? hours = null,
        ITopicRouter? topics = null,
        IEnumerable<ISessionObserver>? observers = null,
        GosChat.Domain.Citizens.CitizenIdentities? identities = null)
    {
        Store = store;
        Messages = messages;
        Clock = clock;
        Options = options ?? new ContactCentreOptions();
        Hours = hours ?? new AlwaysOpen();
        events ??= new NoEvents();
        Events = events;
        Observers = new SessionObservers(observers ?? []);
        Metrics = new QueueMetrics(Options);
        Dispatcher = new Dispatcher(store, messages, events, Hours, clock, Options, Metrics, Observers);
        Citizens = new CitizenService(store, messages, tickets, topics ?? new DefaultQueueRouter(), Hours, events, clock, Options, Metrics, Dispatcher, Observers,
            identities ?? GosChat.Domain.Citizens.CitizenIdentities.ForThisProcess());
        Operators = new OperatorService(store, messages, events, clock, Options, Dispatcher, Observers);
        Dispatcher.LocalConnections = () => Operators.LocalConnections;
        Board = new Queues.QueueBoard(store, Hours, Metrics, clock);
    }

    /// <summary>Without topic detection every free-text request goes to queue 101.</summary>
    private sealed class DefaultQueueRouter : ITopicRouter
    {
        public string QueueFor(string text) => Queues.QueueCatalog.Default;
    }
}
