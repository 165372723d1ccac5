-- A brief for `eyecare ask "brief ..."`: a Cortex model writes it from the facts in the prompt,
-- which insights/brief.ts reads from the marts (per-location aggregates, no patient rows).
-- Binds: the model, the prompt, the most output tokens. Temperature 0: the same facts, the same brief.
SELECT AI_COMPLETE(?, ?, {'temperature': 0, 'max_tokens': ?}) AS BRIEF
