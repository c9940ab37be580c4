// Placeholder until the in-browser checker app lands: a valid module that does nothing.
export {};
