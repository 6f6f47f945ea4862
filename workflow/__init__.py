"""The domain of Kring: phases, the transition table, guards and use cases. No Flask, no database."""
