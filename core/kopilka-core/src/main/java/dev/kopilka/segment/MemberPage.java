package dev.kopilka.segment;

import dev.kopilka.member.MemberId;
import java.util.List;

/**
 * One page of a segment's members, ordered by member id.
 *
 * @param next pass it as {@code after} to get the following page; null when this is the last page
 */
public record MemberPage(List<MemberId> members, MemberId next) {

    public MemberPage {
        members = List.copyOf(members);
    }
}
