"""The phase diagram as mermaid text, drawn by transitions' own GraphMachine from the phase table."""

from transitions.extensions import GraphMachine

from workflow.machine import machine_config
from workflow.phases import Phase


class _Marker:
    """A throwaway model: GraphMachine decorates it and marks its state as the current one."""


def mermaid(current: Phase = Phase.AANMELDING) -> str:
    """A mermaid `stateDiagram-v2` of the phase table with `current` highlighted."""
    config = machine_config()
    for row in config["transitions"]:
        row.pop("conditions")  # guards are callables; their names would only clutter the picture
        row.pop("after")
    config["initial"] = current.value
    machine = GraphMachine(model=_Marker(), graph_engine="mermaid", title="Kring", **config)
    return machine.get_combined_graph().draw(None)
