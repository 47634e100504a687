package org.cruddur.tracing.xray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class XrayRootWithoutParentTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "none",
			textBlock = """
					Root=1-67891233-abcdef012345678912345678                                           | 67891233abcdef012345678912345678
					Root=1-67891233-abcdef012345678912345678;Sampled=1                                 | 67891233abcdef012345678912345678
					Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678   | 67891233abcdef012345678912345678
					 Root = 1-67891233-ABCDEF012345678912345678 ; Lineage=a87bd80c:0 ; Unknown         | 67891233abcdef012345678912345678
					Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1         | none
					Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793                   | none
					Root=1-67891233-abcdef01234567891234567                                            | none
					Root=1-67891233-abcdef0123456789123456789                                          | none
					Root=2-67891233-abcdef012345678912345678                                           | none
					Root=1-6789123g-abcdef012345678912345678                                           | none
					Root=1-00000000-000000000000000000000000                                           | none
					Root=1_67891233_abcdef012345678912345678                                           | none
					Root=1-67891233_abcdef012345678912345678                                           | none
					Self=1-67891234-12456789abcdef012345678                                            | none
					garbage                                                                            | none
					""")
	void aRootWithoutParentIsContinued(String header, String traceId) {
		assertThat(XrayRootWithoutParent.rootWithoutParent(header)).isEqualTo(traceId);
	}

	@Test
	void anOversizedHeaderIsNotRead() {
		String header = "Root=1-67891233-abcdef012345678912345678;"
				+ "x".repeat(XrayRootWithoutParent.MAX_HEADER_LENGTH);
		assertThat(XrayRootWithoutParent.rootWithoutParent(header)).isNull();
		assertThat(XrayRootWithoutParent.rootWithoutParent(null)).isNull();
	}

}
