"""The catalogue is public; a coordinator keeps it."""

import rules

from zemlyaki.accounts.rules import is_coordinator

rules.add_perm("directions.view_direction", rules.always_allow)
rules.add_perm("directions.add_direction", is_coordinator)
rules.add_perm("directions.change_direction", is_coordinator)
rules.add_perm("directions.delete_direction", is_coordinator)
