"""Progress maths: pure functions over targets, observations, schemes, tasks and projects.

No I/O and no clock: the day things are judged at (`as_of`) is always passed in. Modules:
`periods` (period labels → positions), `status` (status of one target), `methods` (CAGR
ratio, ESCAP index, 序时进度), `forecast`, `decompose` (split and roll up), `assess` (考核),
`tasks` (督查督办 escalation), `projects` (四督四保 rates and 三未). See docs/methods.md.
"""
