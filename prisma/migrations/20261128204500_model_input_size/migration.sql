-- DropIndex
DROP INDEX "Model_teamId_contentHash_key";

-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "inputSize" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "Model_teamId_contentHash_inputSize_key" ON "Model"("teamId", "contentHash", "inputSize");


