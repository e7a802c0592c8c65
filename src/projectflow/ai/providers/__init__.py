"""Generative AI providers behind one interface (`Provider.stream`), each speaking its real wire
protocol over HTTP: OpenAI-compatible chat completions and Anthropic Messages."""
