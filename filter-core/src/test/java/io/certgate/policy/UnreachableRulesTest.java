package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which rules no request can reach: only what is provable from the matching order, nothing more. */
class UnreachableRulesTest {

    @ParameterizedTest(name = "[{0}] hides lines [{1}]")
    @CsvSource(delimiter = '|', value = {
        // "/*" matches every path before extensions and the default are tried.
        "/* any; *.pdf cn:alice                        | 2",
        "/* any; / deny                                | 2",
        "/ deny; *.pdf cn:alice; /* any                | 1,2",
        "*.pdf GET any; /* any; *.pdf POST deny; / any | 1,3,4",
        // An earlier extension that ends a later one answers first.
        "*.gz any; *.tar.gz deny                       | 2",
        "*.gz any; *.pdf any; *.tar.gz GET deny        | 3",
        // Reachable: the later, shorter extension leaves other paths; case differs as written.
        "*.tar.gz deny; *.gz any                       | ''",
        "*.GZ any; *.tar.gz deny                       | ''",
        "*.gz any; *.TAR.GZ deny                       | ''",
        // Hidden as written, but the lower-cased reading meets *.tar.gz (line 1's pattern, folded) first.
        "*.TAR.GZ any; *.gz any; *.tar.gz GET deny     | ''",
        // Exact and prefix patterns keep paths of their own; every rule of a pattern answers some method.
        "/a/* any; /a deny                             | ''",
        "/a/* GET any; /a/* any; /a/b/* deny           | ''",
        "/a/* HEAD deny; /a/* GET any                  | ''",
        "/* any; /a/* deny; /x any                     | ''",
        "/ any; *.pdf deny                             | ''",
    })
    void unreachableRulesAreExactlyTheProvableOnes(String rules, String expectedLines) throws Exception {
        Policy policy = PolicyParser.parse("alice", rules.replace(';', '\n'), null);
        List<Integer> expected = expectedLines.isEmpty() ? List.of()
                : Arrays.stream(expectedLines.split(",")).map(Integer::valueOf).toList();
        assertEquals(expected, policy.unreachableRules().stream().map(hidden -> hidden.rule().line()).toList(),
                () -> "rules " + rules + ": " + policy.unreachableRules());
    }

    @Test
    void theExplanationNamesTheRuleThatAnswersFirst() throws Exception {
        UnreachableRule hidden = PolicyParser.parse(null, "*.gz any\n*.tar.gz deny", null).unreachableRules().get(0);
        assertEquals(1, hidden.shadowedBy().line());
        assertTrue(hidden.why().contains("\".tar.gz\" also ends in \".gz\""), hidden.why());
    }

    @Test
    void rulesAreListedAsWrittenInLineOrder() throws Exception {
        Policy policy = PolicyParser.parse(null, "# comment\n*.pdf any\n/admin/* cn:alice\n/admin/* GET any", null);
        assertEquals(List.of(2, 3, 4), policy.rules().stream().map(Rule::line).toList());
    }
}
