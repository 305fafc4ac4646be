"""What is concluded: the facts on a given day (sanctions, Russia's list, alliances), the one stated
rule that classes every UN member, who moved between votes, shares of members and of people, the
findings above the map and the chart beside the votes."""
