"""Focus areas with a named responsible: what a process ended in (Vansbro's "Utmaningen" ended in
six), who carries each forward – a person and their role or organisation, inside or outside the
municipality – and public status updates over time. A focus area points at the themes and
contributions it grew from, so their tracking pages show it."""
